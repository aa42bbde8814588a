// import-x/no-cycle skips `import type`, because such an import vanishes at run time. Two files that know
// each other's types are still one tangle, though: this rule reports the type-only imports that close a
// cycle, over the import graph of the TypeScript program that type-checked linting has already built.
// Cycles made of value imports alone stay import-x/no-cycle's to report.
import path from "node:path";
import ts from "typescript";

/** @type {WeakMap<ts.Program, ReturnType<typeof importGraph>>} */
const graphs = new WeakMap();

/** Each project file's imports (type-only or not), and the strongly connected component it lies in. */
function importGraph(program) {
  const options = program.getCompilerOptions();
  const cache = ts.createModuleResolutionCache(program.getCurrentDirectory(), (f) => f, options);
  const resolve = (specifier, from) => {
    const resolved = ts.resolveModuleName(specifier, from, options, ts.sys, cache).resolvedModule;
    return resolved && !resolved.isExternalLibraryImport ? path.resolve(resolved.resolvedFileName) : undefined;
  };
  /** @type {Map<string, string[]>} */
  const edges = new Map();
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file)) continue;
    const targets = [];
    for (const statement of file.statements) {
      const specifier = moduleSpecifierOf(statement);
      const target = specifier === undefined ? undefined : resolve(specifier, file.fileName);
      if (target !== undefined) targets.push(target);
    }
    edges.set(path.resolve(file.fileName), targets);
  }
  return { edges, resolve, component: stronglyConnected(edges) };
}

function moduleSpecifierOf(statement) {
  const isModuleStatement = ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement);
  return isModuleStatement && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
    ? statement.moduleSpecifier.text
    : undefined;
}

/** Tarjan's algorithm: a map from each file to the id of its component. */
function stronglyConnected(edges) {
  const index = new Map();
  const low = new Map();
  const component = new Map();
  const stack = [];
  let next = 0;
  const visit = (file) => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    for (const target of edges.get(file) ?? []) {
      if (!edges.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file), low.get(target)));
      } else if (!component.has(target)) {
        low.set(file, Math.min(low.get(file), index.get(target)));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    let member;
    do {
      member = stack.pop();
      component.set(member, file);
    } while (member !== file);
  };
  for (const file of edges.keys()) if (!index.has(file)) visit(file);
  return component;
}

/** The shortest way back from `from` to `to`, for the message. */
function shortestPath(edges, from, to) {
  const previous = new Map([[from, undefined]]);
  const queue = [from];
  while (queue.length > 0) {
    const file = queue.shift();
    if (file === to) break;
    for (const target of edges.get(file) ?? []) {
      if (previous.has(target)) continue;
      previous.set(target, file);
      queue.push(target);
    }
  }
  const route = [];
  for (let file = to; file !== undefined; file = previous.get(file)) route.unshift(file);
  return route;
}

const isTypeOnly = (node) =>
  node.importKind === "type" ||
  node.exportKind === "type" ||
  (node.specifiers !== undefined &&
    node.specifiers.length > 0 &&
    node.specifiers.every((s) => s.importKind === "type" || s.exportKind === "type"));

/** @type {import("eslint").Rule.RuleModule} */
export default {
  meta: {
    type: "problem",
    docs: { description: "Forbid type-only imports that close an import cycle." },
    schema: [],
    messages: {
      cycle: "Import cycle through a type-only import: {{route}}. Move the shared types into a module both can import.",
    },
  },
  create(context) {
    const program = context.sourceCode.parserServices?.program;
    if (!program) return {};
    const graph = graphs.get(program) ?? importGraph(program);
    graphs.set(program, graph);
    const self = path.resolve(context.physicalFilename);
    const check = (node) => {
      if (!node.source || !isTypeOnly(node)) return;
      const target = graph.resolve(node.source.value, self);
      const mine = graph.component.get(self);
      if (target === undefined || mine === undefined || graph.component.get(target) !== mine) return;
      const cwd = context.cwd;
      const route = [self, ...shortestPath(graph.edges, target, self)].map((f) => path.relative(cwd, f));
      context.report({ node, messageId: "cycle", data: { route: route.join(" → ") } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
