// The compiled bytes of src/retrieval/bm25-walk.wat (wabt 1.0.39's wat2wasm), base64: the
// kernel ships inside the code, nothing to build or fetch at install. Regenerate after
// editing the .wat (see its header); test/retrieval-bm25-blocks.test.ts checks searches
// that run through it against a brute force worked in the test.
export const BM25_WALK_WASM =
  'AGFzbQEAAAABGQJgCX9/f39/fHx/fwF/YAd/f398f39/AX8DAwIAAQUDAQABBxgDBm1lbW9yeQIABHdhbGsAAARlbWl0AAEKhAICggEDAX8CfAF/AkADQCACIANPDQEgACACQQJ0aigCACEJIAkgBE8NASAHIAlBA3RqKwMAIQogCkQAAAAAAAAAAGNFBEAgASACQQF0ai8BALghCyAIIAlBA3RqIQwgDCAMKwMAIAUgC6IgBqIgCyAKoKOgOQMACyACQQFqIQIMAAsLIAILfgMCfwF8AX8gASEHAkADQCAHIAJPDQEgACAHQQN0aiEIIAgrAwAhCSAJRAAAAAAAAAAAYgRAIAhEAAAAAAAAAAA5AwAgBCAJIANmcgRAIAUgCkECdGogBzYCACAGIApBA3RqIAk5AwAgCkEBaiEKCwsgB0EBaiEHDAALCyAKCw==';
