// Resolver options for dependency-cruiser (handed to enhanced-resolve through its
// `webpackConfig` option, the only door for them; this is no webpack build).
// `#alias/*` subpath imports resolve through package.json "imports" to `./x/*.js`,
// and the `.js` there is a `.ts` file on disk, as TypeScript reads it.
module.exports = {
  resolve: {
    importsFields: ['imports'],
    extensionAlias: { '.js': ['.ts', '.js'] },
  },
}
