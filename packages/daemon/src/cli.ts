import { Command } from "commander";

const program = new Command("orbtd").description("Orbt monitoring and auto-remediation daemon");
program.parse();
