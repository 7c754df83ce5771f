#!/bin/sh
# Runs inside the new root file system (chroot) before it is imported as the base image.
set -eu
apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/*.log /var/log/apt/* /tmp/*
# Images run non-interactive installs only.
echo 'APT::Install-Recommends "false";' >/etc/apt/apt.conf.d/90no-recommends
# The host's name and resolver come from the engine at run time.
: >/etc/hostname
rm -f /etc/resolv.conf
