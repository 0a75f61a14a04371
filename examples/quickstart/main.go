// Command quickstart is the esign tour. Until the BlueInk client lands it
// prints what the suite will do.
package main

import "fmt"

func main() {
	fmt.Println("esign quickstart: the BlueInk walkthrough arrives with the blueink package.")
}
