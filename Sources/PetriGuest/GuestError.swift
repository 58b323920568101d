import Foundation

/// A guest build or validation step that failed. Its description is the one line the user sees.
public struct GuestError: Error, CustomStringConvertible, Sendable {
    public var step: String
    public var message: String
    public init(step: String, message: String) { self.step = step; self.message = message }
    public var description: String { "sandbox setup failed at guest: \(step): \(message)" }
}
