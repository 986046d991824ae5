"""bite.training: optimizer/degrader fine-tuning and the PKAC curriculum. Arrives with the training issue."""
