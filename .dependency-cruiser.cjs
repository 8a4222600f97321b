/**
 * Import circles are forbidden (`npm run lint:cycles`; also a unit test,
 * tests/unit/architecture/import_cycles.spec.ts, so CI fails on one). A
 * circle makes load order decide whether an import is still undefined, and
 * dodging it with a dynamic `import()` hides the dependency instead of
 * removing it; dynamic imports count here like static ones, and so do
 * type-only imports.
 */

/**
 * The one exception: Lucid models that name each other in relations
 * (movie ↔ genre through movie_genres, season ↔ episode). Lucid resolves
 * relation targets lazily (`() => Genre`), so these circles are safe and are
 * how Lucid models are written. Listed by name, so a circle through any
 * other module, or between other models, still fails.
 */
const MODEL_RELATION_CIRCLES = '^app/models/(movie|genre|season|episode)\\.ts$'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle (see .dependency-cruiser.cjs). Break it: move shared types or constants to a leaf module, split the module, or invert the dependency with an event.',
      from: {},
      // A circle fails when any module on it is outside the allowed model relations.
      to: { circular: true, via: { pathNot: MODEL_RELATION_CIRCLES } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|build|tmp|\\.adonisjs)/' },
    // Type-only imports count too (a type circle is still a knot to untie).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolves the `#alias/*` subpath imports of package.json (see that file).
    webpackConfig: { fileName: '.dependency-cruiser.resolve.cjs' },
  },
}
