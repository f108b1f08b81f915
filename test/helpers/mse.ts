/** The 768-bit prime of BitTorrent's protocol encryption (MSE), as every client uses it. */
export const MSE_PRIME_HEX =
  'ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a63a36210000000000090563'

/** The plain BitTorrent handshake opens with its protocol name's length; MSE with a random key. */
export const PLAIN_HANDSHAKE_FIRST_BYTE = 19
