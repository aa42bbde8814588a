import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jcs, NotCanonicalisable } from "../../../api/src/iot/jcs";
import { leafData, readingPayload, signedBytes, valuesOf } from "../../../api/src/iot/reading-payload";

const DEVICE = "7f0c9a52-1e8d-4b6a-9c3f-2d5e8a1b4c70";

describe("the canonical JSON a device signs (RFC 8785, integers only)", () => {
  it("when an object is canonicalised, then members are sorted by UTF-16 code units, without whitespace, at every depth", () => {
    // RFC 8785 §3.2.3's example of sorting: "\u20ac" (€) sorts before "\ud83d\ude00" (😀) by code unit, after "\r".
    expect(jcs({ "\u20ac": 1, "\r": 2, "\ud83d\ude00": 3, "1": 4, b: [{ z: 1, a: null }, true, "x"] })).toBe(
      '{"\\r":2,"1":4,"b":[{"a":null,"z":1},true,"x"],"€":1,"😀":3}',
    );
  });

  it("when the same object is built in any member order, then its canonical text is the same", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null))), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(jcs(reversed)).toBe(jcs(o));
        expect(JSON.parse(jcs(o))).toEqual(o);
      }),
    );
  });

  it("when a value is a fraction, an unsafe integer, a bigint or a function, then it is refused rather than signed", () => {
    for (const v of [1.5, 2 ** 53, -Infinity, NaN, 1n, () => 1]) expect(() => jcs({ v })).toThrow(NotCanonicalisable);
    expect(jcs({ v: -0, w: Number.MAX_SAFE_INTEGER })).toBe(`{"v":0,"w":${Number.MAX_SAFE_INTEGER}}`);
  });

  it("when a weighing reading is signed, then the bytes are the prefix and the payload's canonical JSON, and its leaf adds id and signature", () => {
    const payload = readingPayload.parse({ kind: "weighing-platform", grams: 25_000_000, measuredAt: 1_764_806_400_000, counter: 7, deviceId: DEVICE });
    expect(signedBytes(payload).toString("utf8")).toBe(
      `scf-ledger/iot-reading/v1\n{"counter":7,"deviceId":"${DEVICE}","grams":25000000,"kind":"weighing-platform","measuredAt":1764806400000}`,
    );
    expect(valuesOf(payload)).toEqual({ grams: 25_000_000 });
    expect(leafData({ id: 12n, payload, signature: "c2ln" }).toString("utf8")).toBe(
      `{"id":"12","payload":{"counter":7,"deviceId":"${DEVICE}","grams":25000000,"kind":"weighing-platform","measuredAt":1764806400000},"signature":"c2ln"}`,
    );
  });

  it("when a payload has another kind's field, a fraction, a missing field or an extra one, then the schema refuses it", () => {
    const base = { deviceId: DEVICE, counter: 1, measuredAt: 0 };
    for (const bad of [
      { ...base, kind: "door-sensor", grams: 1 },
      { ...base, kind: "weighing-platform", grams: 1.5 },
      { ...base, kind: "climate-probe", centiCelsius: 1 },
      { ...base, kind: "pallet-camera", pallets: 1, extra: 1 },
      { ...base, kind: "door-sensor", open: 2 },
      { ...base, counter: 0, kind: "door-sensor", open: 1 },
    ]) {
      expect(readingPayload.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
