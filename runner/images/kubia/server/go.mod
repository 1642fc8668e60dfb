module kindling.local/kubia

go 1.22
