// swift-tools-version:6.0
import PackageDescription

/// The streaming reader's per-event state lives in classes; their accesses are provably
/// exclusive (one parser, one thread), so release builds skip the dynamic checks, which
/// profiling showed at about 5% of a large sheet's time. Debug builds keep them.
let hotPathSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

let package = Package(
    name: "baocao",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "baocao", targets: ["baocao"]),
        .library(name: "XLSX", targets: ["XLSX"]),
        .library(name: "OPC", targets: ["OPC"]),
        .library(name: "DOCX", targets: ["DOCX"]),
        .library(name: "Forms", targets: ["Forms"]),
        .library(name: "Scorecard", targets: ["Scorecard"]),
        .library(name: "Report", targets: ["Report"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .systemLibrary(
            name: "CLibZip",
            pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"]), .brew(["libzip"])]
        ),
        .target(name: "OPC", dependencies: ["CLibXML2", "CLibZip"], swiftSettings: hotPathSettings),
        .target(name: "XLSX", dependencies: ["OPC"], swiftSettings: hotPathSettings),
        .target(name: "DOCX", dependencies: ["OPC"]),
        // Tables in files that are not workbooks: HTML exports, CSV and tab-separated text.
        .target(name: "Forms", dependencies: ["OPC", "XLSX"]),
        .target(name: "Scorecard", dependencies: ["XLSX"]),
        .target(
            name: "Report",
            dependencies: [
                "Scorecard", "DOCX", "XLSX", "Forms", "OPC", .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]),
        .target(
            name: "BaoCaoServer",
            dependencies: [
                "OPC", "Report", "Scorecard", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .executableTarget(
            name: "baocao",
            dependencies: [
                "OPC", "XLSX", "DOCX", "Scorecard", "Report", "BaoCaoServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What the fuzzers run on untrusted bytes (Scripts/fuzz), and the replay of what they found.
        .target(name: "Fuzzing", dependencies: ["OPC", "XLSX", "DOCX", "Scorecard", "Report"]),
        .executableTarget(name: "baocao-fuzz", dependencies: ["Fuzzing"], path: "Fuzz"),
        // Paths, temporary folders and program runs that every test target uses.
        .target(name: "TestKit", dependencies: ["OPC"], path: "Tests/TestKit"),
        .testTarget(name: "OPCTests", dependencies: ["OPC", "TestKit"]),
        .testTarget(name: "XLSXTests", dependencies: ["XLSX"]),
        .testTarget(name: "FormsTests", dependencies: ["Forms", "XLSX", "OPC", "TestKit"]),
        .testTarget(name: "DOCXTests", dependencies: ["DOCX", "OPC", "TestKit"]),
        .testTarget(name: "ScorecardTests", dependencies: ["Scorecard", "XLSX"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Scorecard", "DOCX", "OPC", "TestKit"]),
        .testTarget(
            name: "BaoCaoServerTests",
            dependencies: [
                "BaoCaoServer", "Report", "DOCX", "TestKit", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]),
        .testTarget(name: "BaoCaoCLITests", dependencies: ["OPC", "TestKit"]),
        .testTarget(name: "FuzzingTests", dependencies: ["Fuzzing", "TestKit"]),
    ],
    swiftLanguageModes: [.v6]
)
