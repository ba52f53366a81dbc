/* commands.h — the subcommands of the tcpcert command. */
#ifndef TCPCERT_CLI_COMMANDS_H
#define TCPCERT_CLI_COMMANDS_H

int cmd_run(int argc, char **argv);
int cmd_model(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_cert(int argc, char **argv);
int cmd_coverage(int argc, char **argv);

#endif
