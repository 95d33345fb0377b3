# HostVLAN-OVS documentation, included from the top-level Makefile.am.
DOC_SOURCE += \
	Documentation/howto/hostvlan-cluster-tls.rst \
	Documentation/topics/hostvlan.rst
