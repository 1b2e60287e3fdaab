/// The shapes one node reads and writes, found by `Graph.nodeShapes()`.
public struct NodeShapes: Equatable, Sendable {
  public var inputs: [ValueShape]
  public var output: ValueShape
}
