// libFuzzer's executable for one fuzz target: `POKJA_FUZZ_TARGET=vcard pokja-fuzz [libFuzzer flags]
// [CORPUS…]`. Built only with POKJA_FUZZ=1 (see Package.swift); scripts/fuzz runs it.
import CFuzzerDriver
import Foundation
import PokjaFuzzTargets

let name = ProcessInfo.processInfo.environment["POKJA_FUZZ_TARGET"] ?? ""
if name == "--list" {
  let lines = FuzzTargets.all.map { $0.name + "\t" + $0.summary + "\n" }
  FileHandle.standardOutput.write(Data(lines.joined().utf8))
  exit(0)
}
guard let chosen = FuzzTargets.named(name) else {
  let names = FuzzTargets.all.map(\.name).joined(separator: ", ")
  FileHandle.standardError.write(
    Data("pokja-fuzz: set POKJA_FUZZ_TARGET to one of: \(names)\n".utf8))
  exit(64)
}
/// The target the callback runs (the callback is a C function: it cannot capture).
let target: FuzzTarget = chosen

var arguments = CommandLine.arguments.map { strdup($0) } + [nil]
var count = Int32(CommandLine.arguments.count)
let status = arguments.withUnsafeMutableBufferPointer { buffer -> Int32 in
  var argv = buffer.baseAddress
  return LLVMFuzzerRunDriver(&count, &argv) { data, size in
    let input = size == 0 ? Data() : Data(bytes: data!, count: size)
    do {
      try target.run(input)
    } catch {
      // A broken property is a finding: abort, so libFuzzer keeps the input as a crash.
      FileHandle.standardError.write(Data("\n\(target.name): \(error)\n".utf8))
      abort()
    }
    return 0
  }
}
exit(status)
