/// Whether a value has one row per token (`[batch, sequence, width]`) or one per sample
/// (`[batch, width]`).
enum RowScope: Equatable, Sendable {
  case token
  case sample
}
