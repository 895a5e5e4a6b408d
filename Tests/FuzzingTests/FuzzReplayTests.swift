import Foundation
import Fuzzing
import TestKit
import Testing

/// Every input a fuzzer found a crash, hang or leak with (`Tests/Fixtures/fuzz/TARGET/`),
/// run again through the same target: each must now return.
@Suite struct FuzzReplayTests {
    static let folder = TestFiles.fixtures.appendingPathComponent("fuzz")

    static func inputs(_ target: String) -> [URL] {
        let files =
            (try? FileManager.default.contentsOfDirectory(
                at: folder.appendingPathComponent(target), includingPropertiesForKeys: nil)) ?? []
        return files.filter { !$0.lastPathComponent.hasPrefix(".") && $0.pathExtension != "md" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test(arguments: FuzzTargets.all.keys.sorted())
    func everyFoundInputNowReturns(_ target: String) throws {
        let run = try #require(FuzzTargets.all[target])
        for input in Self.inputs(target) {
            run([UInt8](try Data(contentsOf: input)))
        }
    }

    @Test func theSeedsRunThroughEveryTarget() throws {
        // The fuzzers start from these: the targets accept them as the product does.
        let root = TestFiles.repoRoot
        FuzzTargets.appendix(
            [UInt8](try Data(contentsOf: root.appendingPathComponent("Samples/phu-luc-1-2025-02.xlsx"))))
        FuzzTargets.template([UInt8](try Data(contentsOf: root.appendingPathComponent("Templates/bao-cao-766.docx"))))
        FuzzTargets.json([UInt8](try Data(contentsOf: root.appendingPathComponent("Templates/sample-data.json"))))
        FuzzTargets.profile([UInt8](try Data(contentsOf: root.appendingPathComponent("Templates/phu-tan.yaml"))))
    }
}
