import Foundation
import PetriModel
import PetriSandbox

/// Linux ELF executables and scripts: the kernel runs the sample itself (a script through its #! line),
/// from the profile's working directory, with the guest user's environment. Nothing to add afterwards.
public struct NativeRunner: Runner {
    public let kind: RunnerKind

    public init(kind: RunnerKind = .native) { self.kind = kind }

    public func plan(_ input: RunnerInput) throws -> (plan: LaunchPlan, canaries: [Canary]) {
        let path = input.policy.workingDirectory + "/" + input.sampleName
        let plan = LaunchPlan.direct(kind: kind, sampleName: input.sampleName, rawSampleName: input.rawSampleName,
                                     arguments: [path] + input.arguments, policy: input.policy)
        return (plan, [])
    }
}
