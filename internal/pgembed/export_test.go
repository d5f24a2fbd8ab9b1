package pgembed

// Abandon drops ownership without stopping the server, as a process killed
// with SIGKILL would.
func (c *Cluster) Abandon() { c.unlock() }
