"""Ad and shop monitoring: normalise obfuscated text, classify drug-shop ads, extract and
validate requisites (cards, IBANs, phones, wallets, handles, onion sites), read street photos
with Tesseract and QR decoding, and link what is found to instruments in the lake.

See docs/osint.md for the pipeline, the model and its card.
"""
