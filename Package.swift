// swift-tools-version: 6.1
import Foundation
import PackageDescription

// `POKJA_FUZZ=1` (set by scripts/fuzz, which builds in its own scratch path .build-fuzz) adds the
// libFuzzer executable `pokja-fuzz` and compiles the parsers it drives with the fuzzer's coverage and
// AddressSanitizer. Only those targets: `swift build --sanitize` would instrument the build tools too
// and break them. docs/fuzzing.md says how to run it.
let fuzzing = ProcessInfo.processInfo.environment["POKJA_FUZZ"] == "1"
/// The sanitizer flags for a target the fuzzer drives; none in a normal build.
let fuzzed: [SwiftSetting] = fuzzing ? [.unsafeFlags(["-sanitize=fuzzer,address"])] : []

// Layers point one way: formats and Core at the bottom, features above them, adapters (SQLite, libcurl)
// above the features, the command tree above everything, and a `pokja` executable of a few lines on top.
// docs/architecture.md draws the graph and says what each module owns.
let package = Package(
  name: "pokja",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "pokja", targets: ["pokja"]),
    // An example plugin on the library modules: `pokja attendance-sheet MEETING` (docs/plugins.md).
    .executable(name: "pokja-attendance-sheet", targets: ["pokja-attendance-sheet"]),
    .library(name: "PokjaCLI", targets: ["PokjaCLI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache.git", exact: "2.1.1"),
    .package(url: "https://github.com/LebJe/TOMLKit.git", exact: "0.6.0"),
    .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
    .package(url: "https://github.com/vapor/postgres-nio.git", exact: "1.33.2"),
    .package(
      url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1", traits: []),
    .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
    .package(url: "https://github.com/apple/swift-http-types.git", exact: "1.8.0"),
  ],
  targets: [
    // Domain: typed IDs, records, errors, seam protocols. Foundation only, no I/O.
    .target(name: "PokjaCore", swiftSettings: fuzzed),
    // Hand-written standards, each small and separately tested; they know nothing of Pokja.
    .target(name: "PokjaContentLine", swiftSettings: fuzzed),
    .target(
      name: "PokjaICalendar", dependencies: ["PokjaCore", "PokjaContentLine"], swiftSettings: fuzzed
    ),
    .target(name: "PokjaMIME", swiftSettings: fuzzed),
    .target(name: "PokjaVCard", dependencies: ["PokjaContentLine"], swiftSettings: fuzzed),

    // Features.
    .target(
      name: "PokjaDirectory", dependencies: ["PokjaCore", "PokjaVCard"], swiftSettings: fuzzed),
    .target(
      name: "PokjaScheduling",
      dependencies: [
        "PokjaCore", "PokjaICalendar", "PokjaRecurrence",
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      exclude: ["Embedded"], swiftSettings: fuzzed, plugins: ["EmbedData"]),
    // RFC 5545 recurrence (RRULE, RDATE, EXDATE) in a zone's wall-clock time; pure computation.
    .target(name: "PokjaRecurrence", dependencies: ["PokjaCore"], swiftSettings: fuzzed),
    .target(
      name: "PokjaNotifications",
      dependencies: [
        "PokjaCore", "PokjaScheduling", "PokjaMIME", "PokjaRecurrence",
        .product(name: "Mustache", package: "swift-mustache"),
      ],
      exclude: ["Embedded"], plugins: ["EmbedData"]),

    // The work plan between meetings: items per kelompok with an owner, a due day and reminders.
    .target(
      name: "PokjaWorkPlan",
      dependencies: ["PokjaCore", "PokjaDirectory", "PokjaScheduling", "PokjaNotifications"]),

    // Who may sign in to `pokja serve`: grants, sign-in links, sessions, calendar feeds, RSVP links,
    // all signed with the web key (HMAC-SHA256); the stores keep only hashes of secrets.
    .target(
      name: "PokjaAccess",
      dependencies: [
        "PokjaCore", "PokjaDirectory", .product(name: "Crypto", package: "swift-crypto"),
      ]),

    // Build tools: the default templates and the holiday data (each target's Embedded/ folder)
    // become code at build time, so one copied binary is complete.
    .executableTarget(name: "pokja-embed"),
    .plugin(name: "EmbedData", capability: .buildTool(), dependencies: ["pokja-embed"]),

    // Adapters: the only code that touches C or SQL.
    // libcurl's headers come from libcurl4-openssl-dev; the library itself is loaded on first send
    // (Sources/CCurl/shim.h), so commands that send nothing do not load it. No pkgConfig: that
    // would link -lcurl into every process.
    .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    // Webhook signing (HMAC-SHA256, Standard Webhooks) lives here too: the only target that signs.
    .target(
      name: "PokjaCurl",
      dependencies: ["PokjaCore", "CCurl", .product(name: "Crypto", package: "swift-crypto")]),
    .target(
      name: "PokjaPersistence",
      dependencies: [
        "PokjaCore", "PokjaDirectory", "PokjaScheduling", "PokjaNotifications", "PokjaAccess",
        "PokjaWorkPlan",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]),

    // `pokja db copy`: every table from one store to another, checked by counts and digests.
    .target(
      name: "PokjaTransfer",
      dependencies: ["PokjaCore", .product(name: "Crypto", package: "swift-crypto")]),

    // The shared store on PostgreSQL (postgres-nio): the same store protocols as PokjaPersistence,
    // used synchronously off the event loop.
    .target(
      name: "PokjaPostgres",
      dependencies: [
        "PokjaCore", "PokjaDirectory", "PokjaScheduling", "PokjaNotifications", "PokjaAccess",
        "PokjaWorkPlan",
        .product(name: "PostgresNIO", package: "postgres-nio"),
      ]),

    // `pokja serve`: the directory, the agenda, calendar feeds and RSVP links for members, on
    // Hummingbird with swift-mustache pages.
    .target(
      name: "PokjaWeb",
      dependencies: [
        "PokjaCore", "PokjaDirectory", "PokjaScheduling", "PokjaNotifications", "PokjaAccess",
        "PokjaICalendar",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      exclude: ["Embedded"], plugins: ["EmbedData"]),

    // Command tree and composition root: a library, so tests drive it in-process.
    .target(
      name: "PokjaCLI",
      dependencies: [
        "PokjaCore", "PokjaDirectory", "PokjaScheduling", "PokjaNotifications",
        "PokjaCurl", "PokjaPersistence", "PokjaPostgres", "PokjaTransfer", "PokjaVCard",
        "PokjaRecurrence", "PokjaAccess", "PokjaWeb", "PokjaWorkPlan",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "TOMLKit", package: "TOMLKit"),
      ],
      exclude: ["Embedded"], plugins: ["EmbedData"]),
    .executableTarget(name: "pokja", dependencies: ["PokjaCLI"]),

    // The reference pages (docs/commands.md, docs/pokja.1) from the command tree: rendered by
    // PokjaDocs, written by pokja-docgen, run by the generate-docs command plugin.
    .target(name: "PokjaDocs"),
    .executableTarget(name: "pokja-docgen", dependencies: ["PokjaDocs"]),
    .plugin(
      name: "GenerateDocs",
      capability: .command(
        intent: .custom(
          verb: "generate-docs",
          description:
            "Regenerate docs/commands.md and the man page docs/pokja.1 from pokja's commands"),
        permissions: [
          .writeToPackageDirectory(reason: "It rewrites docs/commands.md and docs/pokja.1.")
        ]),
      dependencies: ["pokja-docgen"]),
    .executableTarget(
      name: "pokja-attendance-sheet",
      dependencies: [
        "PokjaCore", "PokjaScheduling", "PokjaNotifications", "PokjaPersistence", "PokjaPostgres",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // The fuzz targets: each parser of other people's files driven by arbitrary bytes, with the
    // round trips its writer promises. A library in every build, so the tests replay the committed
    // corpora through it (FuzzCorpusReplayTests); scripts/fuzz runs it under libFuzzer.
    .target(
      name: "PokjaFuzzTargets",
      dependencies: [
        "PokjaCore", "PokjaContentLine", "PokjaICalendar", "PokjaVCard", "PokjaMIME",
        "PokjaRecurrence", "PokjaScheduling", "PokjaDirectory", "PokjaPersistence",
      ],
      swiftSettings: fuzzed),

    // Fakes and fixtures shared by the test targets, and the stores the store contract runs against
    // (`StoreKind`: SQLite in memory and on a file, PostgreSQL in a throwaway cluster).
    .target(
      name: "PokjaTestSupport",
      dependencies: [
        "PokjaCore", "PokjaDirectory", "PokjaScheduling", "PokjaNotifications", "PokjaPersistence",
        "PokjaPostgres", "PokjaAccess", "PokjaWorkPlan",
      ]),

    .testTarget(name: "PokjaCoreTests", dependencies: ["PokjaCore"]),
    .testTarget(
      name: "PokjaDocsTests",
      dependencies: ["PokjaDocs", "PokjaTestSupport", "pokja", "pokja-embed"]),
    .testTarget(name: "PokjaContentLineTests", dependencies: ["PokjaContentLine"]),
    .testTarget(name: "PokjaICalendarTests", dependencies: ["PokjaICalendar", "PokjaTestSupport"]),
    .testTarget(name: "PokjaMIMETests", dependencies: ["PokjaMIME", "PokjaTestSupport"]),
    .testTarget(name: "PokjaVCardTests", dependencies: ["PokjaVCard", "PokjaTestSupport"]),
    .testTarget(
      name: "PokjaRecurrenceTests", dependencies: ["PokjaRecurrence", "PokjaTestSupport"]),
    .testTarget(
      name: "PokjaDirectoryTests",
      dependencies: [
        "PokjaCore", "PokjaDirectory", "PokjaPersistence", "PokjaTestSupport", "PokjaVCard",
      ]),
    .testTarget(
      name: "PokjaSchedulingTests",
      dependencies: [
        "PokjaCore", "PokjaDirectory", "PokjaScheduling", "PokjaICalendar", "PokjaPersistence",
        "PokjaRecurrence", "PokjaTestSupport",
      ]),
    .testTarget(
      name: "PokjaNotificationsTests",
      dependencies: [
        "PokjaCore", "PokjaDirectory", "PokjaNotifications", "PokjaScheduling", "PokjaPersistence",
        "PokjaICalendar", "PokjaTestSupport", "PokjaMIME",
      ]),
    .testTarget(
      name: "PokjaCurlTests",
      dependencies: ["PokjaCore", "PokjaCurl", "PokjaTestSupport"]),
    .testTarget(
      name: "PokjaPersistenceTests",
      dependencies: [
        "PokjaCore", "PokjaPersistence", "PokjaDirectory", "PokjaNotifications",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    // The behaviour every store must have, run against each `StoreKind` (docs/architecture.md).
    // Not on PokjaPersistence: the tests see a store only through the features' protocols.
    .testTarget(
      name: "PokjaStoreContractTests",
      dependencies: [
        "PokjaCore", "PokjaDirectory", "PokjaScheduling", "PokjaNotifications", "PokjaTestSupport",
        "PokjaTransfer", "PokjaAccess", "PokjaWorkPlan", "PokjaMIME",
      ]),
    .testTarget(
      name: "PokjaCLITests",
      // `pokja` and the example plugin are listed so they are built for the tests that run them.
      dependencies: [
        "pokja", "pokja-attendance-sheet", "PokjaCLI", "PokjaCore", "PokjaTestSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(
      name: "PokjaWebTests",
      dependencies: [
        "PokjaWeb", "PokjaAccess", "PokjaCore", "PokjaDirectory", "PokjaNotifications",
        "PokjaScheduling", "PokjaICalendar", "PokjaVCard", "PokjaTestSupport",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
      ]),
    .testTarget(
      name: "PokjaFuzzTargetsTests", dependencies: ["PokjaFuzzTargets", "PokjaTestSupport"]),
    .testTarget(
      name: "PokjaWorkPlanTests",
      dependencies: [
        "PokjaWorkPlan", "PokjaCore", "PokjaDirectory", "PokjaScheduling", "PokjaNotifications",
        "PokjaTestSupport",
      ]),
    .testTarget(name: "PokjaTestSupportTests", dependencies: ["PokjaCore", "PokjaTestSupport"]),
    .testTarget(
      name: "PokjaAccessTests",
      dependencies: ["PokjaAccess", "PokjaCore", "PokjaDirectory", "PokjaTestSupport"]),
    .testTarget(
      name: "PokjaPostgresTests",
      dependencies: [
        "PokjaPostgres", "PokjaTestSupport", .product(name: "PostgresNIO", package: "postgres-nio"),
      ]),
  ],
  swiftLanguageModes: [.v6]
)

if fuzzing {
  package.products.append(.executable(name: "pokja-fuzz", targets: ["pokja-fuzz"]))
  package.targets += [
    // libFuzzer's entry point, declared for Swift (SwiftPM supplies `main`, so the driver is called).
    .target(name: "CFuzzerDriver"),
    .executableTarget(
      name: "pokja-fuzz", dependencies: ["PokjaFuzzTargets", "CFuzzerDriver"],
      swiftSettings: fuzzed,
      // lld: the default gold linker crashes on the sanitizer runtime here.
      linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address", "-use-ld=lld"])]),
  ]
}
