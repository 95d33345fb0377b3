# HostVLAN-OVS documentation, included from the top-level Makefile.am.
DOC_SOURCE += \
	Documentation/howto/hostvlan.rst \
	Documentation/howto/hostvlan-cluster.rst \
	Documentation/howto/hostvlan-cluster-tls.rst \
	Documentation/howto/hostvlan-kernel.rst \
	Documentation/howto/hostvlan-packages.rst \
	Documentation/topics/hostvlan.rst \
	Documentation/topics/hostvlan-performance.rst
