import Ethereum
import Testing

@Suite struct KeccakTests {
    @Test(
        "published Keccak-256 vectors",
        arguments: [
            ("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
            ("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
            ("hello world", "47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad"),
            (
                "The quick brown fox jumps over the lazy dog",
                "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"
            ),
            ("OpenZeppelin", "7dbaf558b0a1a5dc7a67202117ab143c1d8605a983e4a743bc06fcc03162dc0d"),
        ])
    func vector(input: String, expected: String) throws {
        #expect(Keccak256.hash(input) == (try word(expected)))
    }

    @Test func bytesVector() throws {
        #expect(
            Keccak256.hash([1, 2, 3, 4, 5])
                == (try word("7d87c5ea75f7378bb701e404c50639161af3eff66293e9f375b5f17eb50476f4")))
    }

    @Test("padding byte is 0x01, not SHA3-256's 0x06")
    func notSHA3() throws {
        #expect(
            Keccak256.hash("")
                != (try word("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")))
    }

    @Test(
        "streaming in any split equals one-shot, across block boundaries",
        arguments: [0, 1, 135, 136, 137, 271, 272, 273, 1000])
    func streaming(length: Int) {
        let input = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let oneShot = Keccak256.hash(input)
        for split in Set(
            [0, 1, 3, 9, length / 2, max(0, length - 1), length, 136, 140].filter { $0 <= length })
        {
            var hasher = Keccak256()
            hasher.update(Array(input[..<split]))
            hasher.update(Array(input[split...]))
            #expect(hasher.finalize() == oneShot, "split at \(split) of \(length)")
        }
        var byteByByte = Keccak256()
        for b in input { byteByByte.update([b]) }
        #expect(byteByByte.finalize() == oneShot)
    }

    @Test("multi-block lengths hash differently from each other")
    func multiBlockDistinct() {
        let hashes = [135, 136, 137, 272].map {
            Keccak256.hash([UInt8](repeating: 0x61, count: $0))
        }
        #expect(Set(hashes).count == 4)
    }

    @Test(
        "function selectors from the Solidity ABI spec",
        arguments: [
            ("baz(uint32,bool)", "cdcd77c0"), ("bar(bytes3[2])", "fce353f6"),
            ("sam(bytes,bool,uint256[])", "a5643bf2"),
            ("f(uint256,uint32[],bytes10,bytes)", "8be65246"),
            ("g(uint256[][],string[])", "2289b18c"),
            ("isValidSignature(bytes32,bytes)", "1626ba7e"),
            ("transfer(address,uint256)", "a9059cbb"),
        ])
    func selector(signature: String, expected: String) throws {
        #expect(ABI.selector(signature) == (try bytes(expected)))
    }
}
