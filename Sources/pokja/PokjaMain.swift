import PokjaCLI

/// The `pokja` executable: everything happens in PokjaCLI, so tests can run it in-process.
@main
enum PokjaMain {
  static func main() { PokjaEntry.main() }
}
