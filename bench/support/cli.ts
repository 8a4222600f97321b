/** `--name value` from the command line, or the fallback (the benches' one flag syntax). */
export function arg(name: string, fallback: string) {
  const index = process.argv.indexOf(`--${name}`)
  return index > 0 ? process.argv[index + 1] : fallback
}
