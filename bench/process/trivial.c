/* The start-up baseline: a C program that does nothing. pwcheck's own start (loading, CLI parsing,
 * table set-up) is measured against this with hyperfine (scripts/bench-process.sh). */
int main(void) { return 0; }
