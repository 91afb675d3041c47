from monitor.cli import main

main(prog_name="zwgk")
