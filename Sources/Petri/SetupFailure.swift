import Foundation
import PetriModel

/// What `petri analyze` makes of a run whose sandbox could not start the sample: the kernel refusing
/// the sample itself is bad input (exit 2; the report of the attempt is written), anything else is
/// petri's own set-up failing (exit 1).
public enum SetupFailure: Equatable, Sendable {
    /// The one line of the bad-input error (a corrupt ELF the static check let through, a #! line the
    /// kernel rejects, a missing interpreter).
    case notExecutable(String)
    /// The one line said on stderr (without the `petri: ` prefix).
    case sandbox(String)

    /// nil when the run got past set-up. Whatever the line quotes from the run is escaped.
    public static func classify(_ report: Report, reportPath: String) -> SetupFailure? {
        guard case .setupFailed(let stage, let errno, let message) = report.run.outcome else { return nil }
        if let why = Analysis.notExecutable(stage: stage, errno: errno, runner: report.run.runner) {
            return .notExecutable("sample is not executable: \(message) (\(why)); report: \(reportPath)")
        }
        return .sandbox("sandbox setup failed at \(Printable.line(stage)): \(Printable.line(message))")
    }

    public static func classify(_ outcome: Analysis.Outcome) -> SetupFailure? {
        classify(outcome.report, reportPath: outcome.reportPath)
    }
}
