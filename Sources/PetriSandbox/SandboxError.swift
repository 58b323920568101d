#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

/// A typed failure with the operation that failed; `description` is the line the user sees.
public enum SandboxError: Error, CustomStringConvertible, Equatable {
    case setup(stage: String, errno: Int32)
    case host(operation: String, errno: Int32)
    case invalid(String)

    public var description: String {
        switch self {
        case .setup(let stage, let e): return "sandbox setup failed at \(stage): \(String(cString: strerror(e)))"
        case .host(let op, let e): return "\(op) failed: \(String(cString: strerror(e)))"
        case .invalid(let m): return m
        }
    }
}
#endif
