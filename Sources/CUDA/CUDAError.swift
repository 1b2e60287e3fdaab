import CUDAShim

/// A failure of the CUDA driver, cuBLAS or the GPU backend, with the shim's own message.
public struct CUDAError: Error, Equatable, CustomStringConvertible {
  /// What kind of failure it was (mirrors the shim's `ip_cuda_status`).
  public enum Kind: Int32, Sendable {
    case unavailable = 1
    case missingSymbol = 2
    case stubLibrary = 3
    case noDevice = 4
    case driverError = 5
    case outOfMemory = 6
    case ptxError = 7
    case blasError = 8
    case ltUnsupported = 9
    case invalidArgument = 10
    /// A backend-level problem (unsupported graph, shape too large, …), not a shim status.
    case unsupported = 100
  }

  public var kind: Kind
  /// What went wrong, what was found, and (where we know it) how to fix it.
  public var message: String

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  /// Wraps a shim status and its message buffer.
  init(status: Int32, message buffer: [CChar]) {
    self.kind = Kind(rawValue: status) ?? .driverError
    self.message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  public var description: String { "GPU: \(message)" }

  /// Runs one shim call with a fresh message buffer and throws its failure.
  static func check(_ call: (UnsafeMutablePointer<CChar>, Int) -> Int32) throws {
    var buffer = [CChar](repeating: 0, count: 4096)
    let status = buffer.withUnsafeMutableBufferPointer { call($0.baseAddress!, $0.count) }
    if status != 0 { throw CUDAError(status: status, message: buffer) }
  }
}
