/**
 * A resource a `beforeAll` opened, as its `afterAll` sees it. The test declares the variable with the resource's
 * type, because every test runs only after the `beforeAll` succeeded; but when the `beforeAll` failed part way, the
 * `afterAll` still runs and the variable may never have been assigned. `ifOpened(x)?.close()` closes what was
 * opened and skips the rest, so that the first failure is not buried under a TypeError and nothing is left running.
 */
export function ifOpened<T extends object>(resource: T | undefined): T | undefined {
  return resource;
}
