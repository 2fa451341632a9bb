import sys

from rag.adapters.cli import main

sys.exit(main())
