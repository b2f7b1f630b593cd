/// Filled in by `bench/build-release.sh` (and the install step) with the commit being built; empty in dev builds.
enum BuildInfo {
    static let commit = ""
}
