"""Photos (拍照打卡, log photos): uploaded once, then referenced by id from check-ins and logs."""
