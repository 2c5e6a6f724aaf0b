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
    @Option(help: "The building, e.g. \"Gedung KemenPPPA\".") var building: String?
    @Option(help: "The floor, e.g. 7 (shown as \"lantai 7\").") var floor: String?
    @Option(
      help:
        "What it has (projector, video conference, wheelchair access); repeat or comma-separate.")
    var facility: [String] = []
    @Option(help: "Anything else on where it is: an address, directions.") var location: String?

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment)
      let room = try services.scheduler.addRoom(
        name: name, capacity: capacity, location: location, building: building, floor: floor,
        facilities: facility)
      if output.json {
        services.console.write(JSONOutput.encode(room))
      } else {
        services.console.write("Added room \(room.id): \(room.displayLocation)")
      }
    }
  }
}
