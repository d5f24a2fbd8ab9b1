package httpapi

import (
	"io/fs"
	"net/http"

	"github.com/labstack/echo/v4"

	"sintra/web"
)

// registerWeb serves the web application's embedded pages and assets.
func registerWeb(e *echo.Echo) {
	static, _ := fs.Sub(web.Static, "static")
	files := http.FileServerFS(static)
	e.GET("/", echo.WrapHandler(files))
	e.GET("/static/*", echo.WrapHandler(http.StripPrefix("/static/", files)))
}
