import ArgumentParser
import PokjaCore

extension Pokja.RoomGroup {
  /// `pokja room add`: adds a bookable room.
  struct Add: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "add", abstract: "Add a meeting room.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Name people use, e.g. \"Ruang Rapat Lt 7\".") var name: String
    @Option(help: "How many people it seats.") var capacity: Int?
    @Option(help: "Where it is, e.g. \"Gedung Kemensos, lantai 7\".") var location: String?

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let room = try services.scheduler.addRoom(name: name, capacity: capacity, location: location)
      if output.json {
        services.console.write(JSONOutput.encode(JSONOutput.RoomRecord(room)))
      } else {
        services.console.write("Added room \(room.id): \(room.displayLocation)")
      }
    }
  }
}
