// swift-tools-version:6.0
import PackageDescription

// Dependencies, and why each one is here:
// - swift-nio: the data plane (one event loop per TLS channel, ByteBuffer for cells, listeners).
// - swift-argument-parser: torctl's subcommands and flags.
// - swift-log: the logging API our C-tor-style log handler plugs into.
// Crypto comes only from the system's OpenSSL and libsodium (COpenSSL, CSodium).
let package = Package(
    name: "TorSwift",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "torctl", targets: ["torctl"]),
        .library(name: "TorCore", targets: ["TorCore"]),
        .library(name: "Circuit", targets: ["Circuit"]),
        .library(name: "Directory", targets: ["Directory"]),
        .library(name: "SocksServer", targets: ["SocksServer"]),
        .library(name: "ControlPort", targets: ["ControlPort"]),
        .library(name: "TorClient", targets: ["TorClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .target(
            name: "TorCore",
            dependencies: [
                "COpenSSL", "CSodium",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Circuit",
            dependencies: [
                "TorCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Directory",
            dependencies: [
                "TorCore", "Circuit",
                .product(name: "NIOCore", package: "swift-nio"),
                // The DirPort transport's TCP client (ClientBootstrap).
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SocksServer",
            dependencies: [
                "TorCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ControlPort",
            dependencies: [
                "TorCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TorClient",
            dependencies: [
                "TorCore", "Circuit", "Directory", "SocksServer", "ControlPort",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "torctl",
            dependencies: [
                "TorCore", "Circuit", "Directory", "SocksServer", "ControlPort", "TorClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Resident memory (benchmarks/PROFILE.md): the position-independent executable's
            // 92,000 relative relocations took 2.2 MB as RELA entries that the loader reads and
            // that stay mapped; packed as RELR (glibc 2.36+, linked by lld) they take ~15 KB. And
            // Swift links executables with --export-dynamic, which put every public symbol of our
            // modules and of swift-nio (1.5 MB of .dynsym/.dynstr) in the table the loader
            // searches for every shared library's symbols; nothing loads code that would need them.
            // The functions the client runs are laid out together (scripts/link-order/generate
            // says how the list is made), so fewer 64 KB blocks of code are mapped in.
            linkerSettings: [
                .unsafeFlags([
                    "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                    "-Xlinker", "--no-export-dynamic",
                    "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/scripts/link-order/torctl.order",
                    "-Xlinker", "--no-warn-symbol-ordering",
                ], .when(platforms: [.linux])),
            ]
        ),
        .executableTarget(
            name: "CircuitBenchmark",
            dependencies: ["Circuit", "TorCore", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(name: "TorCoreTests", dependencies: ["TorCore"]),
        .testTarget(name: "CircuitTests", dependencies: [
            "Circuit", "TorCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
        ], exclude: ["Vectors"]),  // the Python scripts that made the known-answer vectors
        .testTarget(
            name: "DirectoryTests",
            dependencies: ["Directory", "TorCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "SocksServerTests", dependencies: [
            "SocksServer", "TorCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
        ]),
        .testTarget(name: "ControlPortTests", dependencies: [
            "ControlPort", "TorCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], exclude: ["stem_client.py"]),  // run by StemInteropTests with the system python3
        .testTarget(name: "TorClientTests", dependencies: [
            "TorClient", "TorCore", "Circuit", "Directory", "SocksServer", "ControlPort",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], exclude: ["Control/stem_backend.py"]),  // run by ClientControlStemTests with the system python3
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "TorCore", "Circuit", "Directory", "SocksServer", "ControlPort", "TorClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["Client/Scripts"]  // Python SOCKS probes run by the client tests
        ),
    ]
)
