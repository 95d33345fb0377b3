# HostVLAN-OVS documentation, included from the top-level Makefile.am.
DOC_SOURCE += \
	Documentation/topics/hostvlan.rst
