"""Reading images: layers (streamed, digest-checked), whiteouts and the merged tree, OCI metadata.

See `tree` for the FileTree implementations, `loader.build_image` for how any source becomes an
`Image`, and `synth` to build small images from a description (tests, rule examples).
"""
