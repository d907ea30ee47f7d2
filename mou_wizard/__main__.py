import sys

from mou_wizard.cli import main

sys.exit(main())
