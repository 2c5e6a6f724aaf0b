import ArgumentParser
import Foundation
import PokjaAccess
import PokjaCore
import PokjaCurl
import PokjaDirectory
import PokjaNotifications
import PokjaPersistence
import PokjaPostgres
import PokjaRecurrence
import PokjaScheduling
import PokjaTransfer
import PokjaWorkPlan

/// Exit statuses from sysexits.h, so scripts and monitoring can tell what happened.
enum ExitStatus: Int32 {
  case success = 0
  /// Like grep's 1: the search ran and found nothing (`meeting suggest` with no slot).
  case nothingFound = 1
  /// EX_USAGE: a bad option or value on the command line.
  case usage = 64
  /// EX_DATAERR: the request conflicts with the data (unknown ID, double booking, duplicate).
  case dataError = 65
  /// EX_NOINPUT: the database does not exist yet.
  case noInput = 66
  /// EX_UNAVAILABLE: a server could not be reached, or refused us (login, TLS).
  case unavailable = 69
  /// EX_SOFTWARE: a bug in Pokja, or a plugin that crashed.
  case software = 70
  /// A file to write cannot be created (EX_CANTCREAT): its folder is missing.
  case cannotCreate = 73
  /// EX_IOERR: the database or a file could not be read or written.
  case ioError = 74
  /// EX_TEMPFAIL: try again later (server unreachable); messages stay queued.
  case temporaryFailure = 75
  /// EX_NOPERM: a file may not be used (a plugin without its executable bit).
  case noPermission = 77
  /// EX_CONFIG: the configuration is wrong.
  case config = 78
}

/// An error with a message for the user and an exit status.
protocol UserFacingError: LocalizedError {
  var exitStatus: ExitStatus { get }
}

extension InputError: UserFacingError {
  /// A malformed value is a usage error; a well-formed one the calendar cannot accept (an end
  /// before the start, an unknown zone, a time the clocks skip, a service number for WhatsApp) is
  /// a data error.
  var exitStatus: ExitStatus {
    switch self {
    case .inField(_, let inner): inner.exitStatus
    case .endNotAfterStart, .unknownTimeZone, .nonexistentLocalTime, .serviceNumberNotWhatsApp:
      .dataError
    default: .usage
    }
  }
}

extension CalendarImportError: UserFacingError {
  var exitStatus: ExitStatus { .dataError }
}

extension NoSlotReason: UserFacingError {
  var exitStatus: ExitStatus { .nothingFound }
}

extension SlotFinderError: UserFacingError {
  var exitStatus: ExitStatus { .usage }
}

extension DocumentError: UserFacingError {
  var exitStatus: ExitStatus {
    switch self {
    case .badName: .usage
    case .contentMissing: .software
    default: .dataError
    }
  }
}

extension WorkPlanError: UserFacingError {
  var exitStatus: ExitStatus { self == .nothingToChange ? .usage : .dataError }
}

extension DirectoryError: UserFacingError {
  var exitStatus: ExitStatus { .dataError }
}

extension ImportError: UserFacingError {
  var exitStatus: ExitStatus { isUsageError ? .usage : .dataError }
}

extension SchedulingError: UserFacingError {
  var exitStatus: ExitStatus {
    switch self {
    case .missingEnd, .endAndDuration: .usage
    default: .dataError
    }
  }
}

extension RecurrenceError: UserFacingError {
  /// A bad rule, an UNTIL before the start, an unknown zone, a time the clocks skip.
  var exitStatus: ExitStatus { .dataError }
}

extension NotificationError: UserFacingError {
  var exitStatus: ExitStatus {
    switch self {
    case .missingTemplate, .invalidTemplate, .templateSyntax, .unreadableTemplate: .config
    case .purgeInTheFuture: .usage
    default: .dataError
    }
  }
}

extension ChannelError: UserFacingError {
  var exitStatus: ExitStatus { isUsageError ? .usage : .dataError }
}

extension StorageError: UserFacingError {
  var exitStatus: ExitStatus {
    switch self {
    case .databaseMissing: .noInput
    case .cannotOpen, .newerSchema, .database: .ioError
    case .corruptRow: .dataError
    }
  }
}

extension SharedDatabaseError: UserFacingError {
  var exitStatus: ExitStatus {
    switch self {
    case .connection: .unavailable
    case .tls: .config
    case .noSchema: .noInput
    case .newerSchema, .query: .ioError
    case .corruptRow: .dataError
    }
  }
}

extension StoreCopyError: UserFacingError {
  var exitStatus: ExitStatus {
    switch self {
    case .targetNotEmpty: .dataError
    case .mismatch: .software
    case .sameDatabase: .usage
    }
  }
}

extension PostgresLocationError: UserFacingError {
  var exitStatus: ExitStatus { .config }
}

extension BackupError: UserFacingError {
  var exitStatus: ExitStatus {
    switch self {
    case .missing: .noInput
    case .exists, .notADatabase, .newer, .damaged: .dataError
    case .cannotWrite: .ioError
    case .noFolder: .cannotCreate
    }
  }
}

extension AccessError: UserFacingError {
  var exitStatus: ExitStatus {
    switch self {
    case .keyMissing, .keyTooOpen, .keyUnreadable, .keyTooShort, .noWebAddress,
      .invalidWebAddress:
      .config
    case .invalidDuration: .usage
    case .optedOut, .notGranted, .feedNotFound: .dataError
    }
  }
}

extension ConfigError: UserFacingError {
  var exitStatus: ExitStatus {
    switch self {
    case .cannotWrite: .ioError
    default: .config
    }
  }
}

extension SMTPSettingsError: UserFacingError {
  var exitStatus: ExitStatus { .config }
}

extension IMAPSettingsError: UserFacingError {
  var exitStatus: ExitStatus { .config }
}

extension IMAPError: UserFacingError {
  var exitStatus: ExitStatus {
    switch kind {
    case .temporary: .temporaryFailure
    case .unreachable: .unavailable
    // Our own settings are EX_CONFIG; the server refusing the login or TLS is EX_UNAVAILABLE.
    case .configuration:
      switch self {
      case .passwordMissing, .invalidFolderName, .libcurlUnavailable: .config
      default: .unavailable
      }
    case .permanent: .dataError
    }
  }
}

extension DeliveryFailure: UserFacingError {
  var exitStatus: ExitStatus {
    switch kind {
    case .temporary: .temporaryFailure
    // EX_UNAVAILABLE: cron should alert someone; the messages stay queued.
    case .unreachable: .unavailable
    // Our own settings (a webhook secret not set) are EX_CONFIG; the server refusing us is not.
    case .configuration: isLocal ? .config : .unavailable
    case .permanent: .dataError
    }
  }
}

/// A command finished its work but must report failure through its exit status (a summary has been
/// printed already).
struct CommandFailed: Error {
  let status: ExitStatus
}
