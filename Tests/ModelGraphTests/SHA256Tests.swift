import ModelGraph
import Testing

@Suite("SHA256")
struct SHA256Tests {
  // FIPS 180-2 appendix B and the empty-string digest.
  static let vectors: [(String, String)] = [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
  ]

  @Test("known vectors", arguments: vectors)
  func knownVector(message: String, digest: String) {
    #expect(SHA256.hexDigest(of: Array(message.utf8)) == digest)
  }

  @Test("one million 'a's, fed in uneven chunks")
  func millionA() {
    var hash = SHA256()
    let chunk = [UInt8](repeating: 0x61, count: 999)
    var remaining = 1_000_000
    while remaining > 0 {
      let size = min(remaining, chunk.count - remaining % 7)
      hash.update(Array(chunk.prefix(size)))
      remaining -= size
    }
    #expect(hash.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test("hexDigest does not consume the state")
  func digestTwice() {
    var hash = SHA256()
    hash.update(Array("ab".utf8))
    _ = hash.hexDigest()
    hash.update(Array("c".utf8))
    #expect(hash.hexDigest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }
}
