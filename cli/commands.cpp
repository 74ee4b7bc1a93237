// The command-line front end: one function per verb.
