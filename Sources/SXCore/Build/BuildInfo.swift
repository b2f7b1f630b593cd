/// What this binary was built from. `commit` (`git describe --always --dirty`, or "unknown" outside a git checkout)
/// is generated before every build by the CommitStamp plugin (`Plugins/CommitStamp`), in an extension of this enum.
enum BuildInfo {}
