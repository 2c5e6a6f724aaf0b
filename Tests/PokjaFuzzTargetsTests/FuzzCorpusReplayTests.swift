import Foundation
import PokjaFuzzTargets
import PokjaTestSupport
import Testing

/// Every committed fuzz input (`Tests/Fuzz/corpus/TARGET` and the regression cases in
/// `Tests/Fuzz/crashes/TARGET`) run through its parser as the fuzzer runs it, without the sanitizer
/// build: no crash, no broken round trip, and no hang.
@Suite struct FuzzCorpusReplayTests {
  /// The longest one input may take here. The fuzzer's limit is one second in its release build;
  /// this debug build runs the same code several times slower (a rule that never occurs, searched
  /// through one 400-year cycle, takes half a second here), and tests share the machine. A
  /// quadratic reader still shows: the kept inputs took tens of seconds before their fixes.
  static let limit = Duration.seconds(5)

  /// The folder holding `corpus` and `crashes`.
  static func fuzzFolder() throws -> URL {
    try RepositoryRoot.url().appendingPathComponent("Tests/Fuzz")
  }

  /// The files in `folder`, sorted; none when it does not exist.
  static func inputs(_ folder: URL) -> [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
  }

  @Test("every target has a seed corpus, and every corpus folder a target")
  func corporaMatchTargets() throws {
    let corpus = try Self.fuzzFolder().appendingPathComponent("corpus")
    let folders = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
    #expect(folders == FuzzTargets.all.map(\.name).sorted())
    for target in FuzzTargets.all {
      #expect(
        Self.inputs(corpus.appendingPathComponent(target.name)).count >= 3,
        "\(target.name) has fewer than three seeds")
    }
  }

  @Test("committed inputs replay cleanly and quickly", arguments: FuzzTargets.all.map(\.name))
  func replay(_ name: String) throws {
    let target = try #require(FuzzTargets.named(name))
    let folder = try Self.fuzzFolder()
    let files =
      Self.inputs(folder.appendingPathComponent("corpus/\(name)"))
      + Self.inputs(folder.appendingPathComponent("crashes/\(name)"))
    let clock = ContinuousClock()
    for file in files {
      let input = try Data(contentsOf: file)
      let elapsed = clock.measure {
        do {
          try target.run(input)
        } catch {
          Issue.record("\(name) \(file.lastPathComponent): \(error)")
        }
      }
      #expect(elapsed < Self.limit, "\(name) \(file.lastPathComponent) took \(elapsed)")
    }
  }
}
