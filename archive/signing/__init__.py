"""Electronic signatures (TTE) without Django models: certificates (authority), private keys kept under a pass
phrase (keystore), PAdES signing (pdf) and validation (validation) with pyHanko. Services in
archive.services.signing tie them to the office's records; backends choose who holds the keys."""
