/// EIP-191 version 0x45 (`personal_sign`): keccak256("\x19Ethereum Signed Message:\n" ‖ len ‖ message).
public enum EIP191 {
    /// The digest a wallet signs for `personal_sign(message)`; the length is decimal, no leading zeros.
    public static func personalMessageHash(_ message: [UInt8]) -> Word {
        var hasher = Keccak256()
        hasher.update("\u{19}Ethereum Signed Message:\n\(message.count)")
        hasher.update(message)
        return hasher.finalize()
    }

    /// `toEthSignedMessageHash(bytes32)`: the prefixed hash of a 32-byte hash.
    public static func personalMessageHash(_ hash: Word) -> Word {
        personalMessageHash(hash.bytes)
    }
}
