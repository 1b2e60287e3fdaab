import Foundation

extension Graph {
  /// SHA-256 (hex) of the model's content: the canonical graph JSON (`GraphDescription.jsonData()`)
  /// followed by each weight in name order as its name, a 0 byte, its rank and axis sizes as
  /// little-endian 64-bit integers, and its fp32 bytes. Equal models give equal hashes however
  /// they were stored; it keys rows of the measurements table. A graph lowered from an ONNX
  /// file takes that file's hash instead (`sourceHash`).
  public var contentHash: String {
    if let sourceHash { return sourceHash }
    var hash = SHA256()
    hash.update(Array("infer-plan graph v1\n".utf8))
    hash.update(GraphDescription(of: self).jsonData())
    for name in weights.keys.sorted() {
      guard let tensor = weights[name] else { continue }
      hash.update(Array(name.utf8) + [0])
      var header = [UInt64(tensor.shape.count)] + tensor.shape.map { UInt64($0) }
      for index in header.indices { header[index] = header[index].littleEndian }
      header.withUnsafeBytes { hash.update($0) }
      tensor.scalars.withUnsafeBytes { hash.update($0) }
    }
    return hash.hexDigest()
  }
}
