"""`python -m lyrictui.cli ...` (e.g. under torchrun: `torchrun --nproc_per_node 2 -m lyrictui.cli train lyrics ...`)."""

from lyrictui.cli import main

if __name__ == "__main__":
    main()
