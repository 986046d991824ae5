"""bite.treegen: the search engine (Algorithm 1, also used at inference time) and tree generation. Arrives with the model-layer and tree-generation issues."""
