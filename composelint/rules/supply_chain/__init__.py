"""Rules of the supply-chain family: images, what is baked into them, how they run."""
