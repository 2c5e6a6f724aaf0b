import ArgumentParser
import PokjaCore

extension Pokja.RoomGroup {
  /// `pokja room list`: lists rooms.
  struct List: PokjaCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List meeting rooms.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run(in environment: AppEnvironment) throws {
      let services = try Services(global, environment, readOnly: true)
      let rooms = try services.scheduler.rooms()
      if output.json {
        services.console.write(JSONOutput.encode(rooms))
        return
      }
      var table = Table([
        .init("ID"), .init("Name", flexible: true), .init("Seats"),
        .init("Building", flexible: true), .init("Floor"), .init("Facilities", flexible: true),
      ])
      for room in rooms {
        table.add([
          room.id.description, room.name, room.capacity.map(String.init),
          [room.building, room.location].compactMap { $0 }.joined(separator: ", "), room.floor,
          room.facilities.joined(separator: ", "),
        ])
      }
      if rooms.isEmpty && !output.csv {
        services.console.write("No rooms yet. Add one with 'pokja room add --name …'.")
      } else {
        output.write(table, to: services.console)
      }
    }
  }
}
