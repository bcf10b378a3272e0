import sys

from aic.cli import main

sys.exit(main())
